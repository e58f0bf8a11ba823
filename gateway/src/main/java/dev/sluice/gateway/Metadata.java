package dev.sluice.gateway;

import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreConfig;

/** The metadata store, opened and migrated, and who its tokens belong to. */
record Metadata(StoreConfig config, MetadataStore store, TokenAuthenticator authenticator) {

    static Metadata open(StoreConfig config, Meters meters, Started started) {
        MetadataStore store =
                started.remember(MetadataStore.open(config, meters.gateway().registry()));
        return new Metadata(config, store, new TokenAuthenticator(store.tokenRepository()));
    }
}
