package dev.sluice.gateway.store;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that runs once on each backend of the metadata store (H2, PostgreSQL), each time on a fresh, empty store.
 * It may declare parameters of type {@link MetadataStore}, {@link StoreConfig} and
 * {@link MetadataStoreExtension.Backend}; see {@link MetadataStoreExtension}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(MetadataStoreExtension.class)
public @interface StoreTest {}
