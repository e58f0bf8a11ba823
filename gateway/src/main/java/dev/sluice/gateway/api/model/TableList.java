package dev.sluice.gateway.api.model;

import java.util.List;

/** The tables and views of the caller's tenant database, which unqualified names in the caller's SQL refer to. */
public record TableList(String database, List<TableResponse> tables) {}
