-- The review counter trigger (20261207101910_stat_counters) looked its candidates up through
-- `IN (SELECT … FROM jsonb_array_elements(…))`, which the planner could not size and answered
-- with scans of candidate_score and candidate: ~20 ms per review decision at 20k candidates,
-- growing with the pool. Same logic, with the changed ids in an array: `= ANY($ids)` is a
-- primary-key lookup per id.
CREATE OR REPLACE FUNCTION stat_review_item_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT candidate_id, domain_id, stat_review_status(state, outcome) AS status, 1 AS n FROM stat_new'
    WHEN 'DELETE' THEN 'SELECT candidate_id, domain_id, stat_review_status(state, outcome) AS status, -1 AS n FROM stat_old'
    ELSE 'SELECT candidate_id, domain_id, stat_review_status(state, outcome) AS status, -1 AS n FROM stat_old
          UNION ALL SELECT candidate_id, domain_id, stat_review_status(state, outcome), 1 FROM stat_new' END;
  ids int[];
  doms int[];
  statuses text[];
  ns int[];
BEGIN
  EXECUTE format('SELECT array_agg(candidate_id), array_agg(domain_id), array_agg(status), array_agg(n) FROM (
                    SELECT candidate_id, domain_id, status, sum(n)::int AS n FROM (%s) ch
                     GROUP BY 1, 2, 3 HAVING sum(n) <> 0) x', changes) INTO ids, doms, statuses, ns;
  IF ids IS NULL THEN
    RETURN NULL; -- no status changed (rescoring_since, updated_at)
  END IF;
  PERFORM 1 FROM candidate_score s WHERE s.candidate_id = ANY(ids) ORDER BY s.candidate_id FOR SHARE;
  PERFORM 1 FROM candidate c
   WHERE c.id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM candidate_score s WHERE s.candidate_id = c.id)
   ORDER BY c.id FOR UPDATE;
  WITH m AS (SELECT * FROM unnest(ids, doms, statuses, ns) AS m(candidate_id, domain_id, status, n)),
       s AS (SELECT candidate_id, pass_rate, band FROM candidate_score WHERE candidate_id = ANY(ids) FOR SHARE)
  INSERT INTO stat_delta (domain_id, kind, pass_rate, band, status, n)
  SELECT m.domain_id, 'review', s.pass_rate, s.band, m.status, sum(m.n)
    FROM m LEFT JOIN s ON s.candidate_id = m.candidate_id
   GROUP BY 1, 3, 4, 5 HAVING sum(m.n) <> 0;
  RETURN NULL;
END
$$;
