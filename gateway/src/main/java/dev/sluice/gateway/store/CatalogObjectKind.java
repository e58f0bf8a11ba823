package dev.sluice.gateway.store;

/** The kinds of objects that share a database's table namespace. */
public enum CatalogObjectKind {
    TABLE,
    VIEW
}
