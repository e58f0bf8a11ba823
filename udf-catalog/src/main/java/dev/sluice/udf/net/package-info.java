/**
 * Outbound connections of a tenant's statements: {@link dev.sluice.udf.net.OutboundRules} decides which addresses a
 * connector or an enrichment lookup may reach. The gateway's policy checks connector options with it; enrichment
 * lookups connect only to the address it checked.
 */
package dev.sluice.udf.net;
