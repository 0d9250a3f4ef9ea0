-- A job running when its worker died did not fail: graphile-worker counted the attempt when
-- the job was taken, and the release gives it back, so a job with few attempts (an OCR, a
-- delivery) is not used up by restarts. Each job's crashes are counted here: after ten, they
-- count as attempts again, so a job that kills its worker every time still runs out of them.
-- Owner-only, like the rest of the outbox schema.
CREATE TABLE outbox.job_crashes (
  job_id bigint PRIMARY KEY,
  crashes integer NOT NULL
);
