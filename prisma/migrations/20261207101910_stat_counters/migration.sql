-- CreateTable
CREATE TABLE "stat_delta" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "pass_rate" DOUBLE PRECISION,
    "band" "Band",
    "status" TEXT,
    "n" INTEGER NOT NULL,

    CONSTRAINT "stat_delta_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stat_delta_domain_id_idx" ON "stat_delta"("domain_id");

-- Dashboard counters (docs/decisions/0028). Statement-level AFTER triggers with transition
-- tables append signed deltas to stat_delta in the writer's transaction: one small INSERT per
-- writing statement (a COPY of 50k candidates adds one row per domain), never an UPDATE of a
-- shared row, so concurrent importers and scoring workers do not queue on a counter.
-- lib/stats sums the deltas; compactStatDeltas folds them. A transition table needs one
-- trigger per event, hence three triggers per table on one function.

-- A review item's status on the dashboards (the histogram's stacks).
CREATE FUNCTION stat_review_status(state "ReviewItemState", outcome "ReviewDecisionKind") RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state = 'final' AND outcome = 'accept' THEN 'accepted' WHEN state = 'final' THEN 'rejected' ELSE state::text END
$$;

-- Pool size per domain. candidate.domain_id never changes (below), so UPDATE needs no counter.
CREATE FUNCTION stat_candidate_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_delta (domain_id, kind, n) SELECT domain_id, 'pool', count(*) FROM stat_new GROUP BY domain_id;
  ELSE
    INSERT INTO stat_delta (domain_id, kind, n) SELECT domain_id, 'pool', -count(*) FROM stat_old GROUP BY domain_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER candidate_stat_insert AFTER INSERT ON "candidate" REFERENCING NEW TABLE AS stat_new
  FOR EACH STATEMENT EXECUTE FUNCTION stat_candidate_delta();
CREATE TRIGGER candidate_stat_delete AFTER DELETE ON "candidate" REFERENCING OLD TABLE AS stat_old
  FOR EACH STATEMENT EXECUTE FUNCTION stat_candidate_delta();

CREATE FUNCTION candidate_domain_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'candidate.domain_id does not change (the dashboards count candidates per domain)';
END
$$;
CREATE TRIGGER candidate_domain_fixed BEFORE UPDATE OF domain_id ON "candidate"
  FOR EACH ROW WHEN (OLD.domain_id IS DISTINCT FROM NEW.domain_id) EXECUTE FUNCTION candidate_domain_fixed();

-- Scores per (pass_rate, band), and reviewed items per (pass_rate, band, status): a reviewed
-- candidate whose score appears, moves or goes moves its review count with it (band null = no
-- score). The review status is read from review_item as committed now; a review change racing
-- with this statement waits on our score row lock first (stat_review_item_delta), so the two
-- never count one change twice.
CREATE FUNCTION stat_score_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT candidate_id, domain_id, pass_rate, band, 1 AS n FROM stat_new
                        UNION ALL SELECT candidate_id, domain_id, NULL, NULL, -1 FROM stat_new'
    WHEN 'DELETE' THEN 'SELECT candidate_id, domain_id, pass_rate, band, -1 AS n FROM stat_old
                        UNION ALL SELECT candidate_id, domain_id, NULL, NULL, 1 FROM stat_old'
    ELSE 'SELECT candidate_id, domain_id, pass_rate, band, -1 AS n FROM stat_old
          UNION ALL SELECT candidate_id, domain_id, pass_rate, band, 1 FROM stat_new' END;
BEGIN
  EXECUTE format($f$
    WITH ch AS MATERIALIZED (%s),
    scores AS (
      INSERT INTO stat_delta (domain_id, kind, pass_rate, band, n)
      SELECT domain_id, 'score', pass_rate, band, sum(n) FROM ch WHERE band IS NOT NULL
       GROUP BY domain_id, pass_rate, band HAVING sum(n) <> 0)
    INSERT INTO stat_delta (domain_id, kind, pass_rate, band, status, n)
    SELECT r.domain_id, 'review', ch.pass_rate, ch.band, stat_review_status(r.state, r.outcome), sum(ch.n)
      FROM ch JOIN review_item r ON r.candidate_id = ch.candidate_id
     GROUP BY 1, 3, 4, 5 HAVING sum(ch.n) <> 0$f$, changes);
  RETURN NULL;
END
$$;
CREATE TRIGGER candidate_score_stat_insert AFTER INSERT ON "candidate_score" REFERENCING NEW TABLE AS stat_new
  FOR EACH STATEMENT EXECUTE FUNCTION stat_score_delta();
CREATE TRIGGER candidate_score_stat_update AFTER UPDATE ON "candidate_score" REFERENCING OLD TABLE AS stat_old NEW TABLE AS stat_new
  FOR EACH STATEMENT EXECUTE FUNCTION stat_score_delta();
CREATE TRIGGER candidate_score_stat_delete AFTER DELETE ON "candidate_score" REFERENCING OLD TABLE AS stat_old
  FOR EACH STATEMENT EXECUTE FUNCTION stat_score_delta();

-- Review items per (pass_rate, band, status) of their current score. Only items whose status
-- changed count. Before reading their scores it share-locks them (a score write in flight
-- finishes first; a later one waits for us and then sees our status), then locks the
-- candidates that had no score, so a first score being inserted (its foreign-key check holds
-- the candidate) finishes first too, and reads the scores again, locked, in the last statement.
CREATE FUNCTION stat_review_item_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT candidate_id, domain_id, stat_review_status(state, outcome) AS status, 1 AS n FROM stat_new'
    WHEN 'DELETE' THEN 'SELECT candidate_id, domain_id, stat_review_status(state, outcome) AS status, -1 AS n FROM stat_old'
    ELSE 'SELECT candidate_id, domain_id, stat_review_status(state, outcome) AS status, -1 AS n FROM stat_old
          UNION ALL SELECT candidate_id, domain_id, stat_review_status(state, outcome), 1 FROM stat_new' END;
  moved jsonb;
BEGIN
  EXECUTE format('SELECT jsonb_agg(jsonb_build_array(candidate_id, domain_id, status, n)) FROM (
                    SELECT candidate_id, domain_id, status, sum(n)::int AS n FROM (%s) ch
                     GROUP BY 1, 2, 3 HAVING sum(n) <> 0) x', changes) INTO moved;
  IF moved IS NULL THEN
    RETURN NULL; -- no status changed (rescoring_since, updated_at)
  END IF;
  PERFORM 1 FROM candidate_score s
   WHERE s.candidate_id IN (SELECT (e->>0)::int FROM jsonb_array_elements(moved) e)
   ORDER BY s.candidate_id FOR SHARE;
  PERFORM 1 FROM candidate c
   WHERE c.id IN (SELECT (e->>0)::int FROM jsonb_array_elements(moved) e)
     AND NOT EXISTS (SELECT 1 FROM candidate_score s WHERE s.candidate_id = c.id)
   ORDER BY c.id FOR UPDATE;
  WITH m AS (SELECT (e->>0)::int AS candidate_id, (e->>1)::int AS domain_id, e->>2 AS status, (e->>3)::int AS n
               FROM jsonb_array_elements(moved) e),
       s AS (SELECT candidate_id, pass_rate, band FROM candidate_score
              WHERE candidate_id IN (SELECT candidate_id FROM m) FOR SHARE)
  INSERT INTO stat_delta (domain_id, kind, pass_rate, band, status, n)
  SELECT m.domain_id, 'review', s.pass_rate, s.band, m.status, sum(m.n)
    FROM m LEFT JOIN s ON s.candidate_id = m.candidate_id
   GROUP BY 1, 3, 4, 5 HAVING sum(m.n) <> 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER review_item_stat_insert AFTER INSERT ON "review_item" REFERENCING NEW TABLE AS stat_new
  FOR EACH STATEMENT EXECUTE FUNCTION stat_review_item_delta();
CREATE TRIGGER review_item_stat_update AFTER UPDATE ON "review_item" REFERENCING OLD TABLE AS stat_old NEW TABLE AS stat_new
  FOR EACH STATEMENT EXECUTE FUNCTION stat_review_item_delta();
CREATE TRIGGER review_item_stat_delete AFTER DELETE ON "review_item" REFERENCING OLD TABLE AS stat_old
  FOR EACH STATEMENT EXECUTE FUNCTION stat_review_item_delta();

-- What the counters start from on a database that already has rows.
INSERT INTO stat_delta (domain_id, kind, n) SELECT domain_id, 'pool', count(*) FROM candidate GROUP BY 1;
INSERT INTO stat_delta (domain_id, kind, pass_rate, band, n)
  SELECT domain_id, 'score', pass_rate, band, count(*) FROM candidate_score GROUP BY 1, 3, 4;
INSERT INTO stat_delta (domain_id, kind, pass_rate, band, status, n)
  SELECT r.domain_id, 'review', s.pass_rate, s.band, stat_review_status(r.state, r.outcome), count(*)
    FROM review_item r LEFT JOIN candidate_score s ON s.candidate_id = r.candidate_id GROUP BY 1, 3, 4, 5;
