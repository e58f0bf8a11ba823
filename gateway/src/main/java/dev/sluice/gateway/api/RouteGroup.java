package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Route;

import java.util.List;

/**
 * Rows of the route table, declared by the class whose handlers serve them: method, path, who may call, the audit action.
 * {@link ApiServer} serves the groups it is given and authenticates, authorizes and audits every row the same way.
 */
public interface RouteGroup {

    List<Route> routes();
}
