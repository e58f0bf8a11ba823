/**
 * The one session service: every listener, approvals and resumes open a session for a principal, run statements in it
 * and close it here ({@link dev.sluice.gateway.session.SessionService}). A session belongs to the token that opened it,
 * closes when that token is revoked, and counts against its tenant's cap.
 */
package dev.sluice.gateway.session;
