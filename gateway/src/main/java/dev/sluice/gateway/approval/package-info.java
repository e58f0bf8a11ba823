/**
 * The admins' approval queue: statements held over quota, decided by an admin other than the requester; an approved
 * statement is then run exactly as it was submitted. Decisions and the jobs they started survive restarts.
 */
package dev.sluice.gateway.approval;
