-- Admission across gateways sharing one store (issue 21, point 3). Each gateway used to count the jobs it was
-- submitting in its own memory, so two gateways admitting at once could together exceed a tenant's quota. Now a job
-- admitted counts from its admission row on, on every gateway: while `submitting` (no job record yet), then by its
-- record's status. And admissions take turns: a gateway holds the 'admission' lease while it checks and records one.
ALTER TABLE job_admission ADD COLUMN submitting BOOLEAN DEFAULT FALSE NOT NULL;

INSERT INTO gateway_lease (name, holder, taken_at, expires_at) VALUES ('admission', NULL, 0, 0);
