-- Storage roots are denied by default (issue 17): a tenant reads and writes only under the roots an admin grants. Before,
-- a policy that left allowedPaths out was stored with the old default, the whole file system ("/"), which no admin chose;
-- it becomes no root at all. The document is the policy's own JSON, written without spaces by the gateway.
UPDATE tenant_policy SET document = REPLACE(document, '"allowedPaths":["/"]', '"allowedPaths":[]');
