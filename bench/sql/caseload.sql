-- The caseload page of 50 as one hand-written statement: the answer of
-- portals/caseworker/Caseload.graphql with first: 50, built as one JSON value by PostgreSQL
-- alone (the same content as jobbro's `data`, endCursor included). The floor under any
-- GraphQL server on this database.
--
-- jobbro's rules, written out: the caseload is the citizens of the job centre with an open case
-- assigned to the caseworker, by id (time-ordered UUID v7), 50 a page, one more row read to
-- know whether another page follows; each citizen's cases of the job centre, newest first, at
-- most 20; the cursor is the last id's 16 bytes in unpadded base64url.
--
-- pgbench variables: caseworker_id, jobcentre_id (bench/run passes them with -D).
WITH page AS (
    SELECT c.id, c.given_name, c.family_name
    FROM citizens c
    WHERE c.jobcentre_id = :jobcentre_id::uuid
      AND c.id IN (
          SELECT k.citizen_id
          FROM cases k
          WHERE k.assigned_caseworker_id = :caseworker_id::uuid
            AND k.jobcentre_id = :jobcentre_id::uuid
            AND k.closed_at IS NULL)
    ORDER BY c.id
    LIMIT 51
), shown AS (
    SELECT * FROM page ORDER BY id LIMIT 50
)
SELECT json_build_object('caseworker', json_build_object(
    'me', (
        SELECT json_build_object(
            'id', w.id, 'name', w.name, 'isManager', w.is_manager,
            'jobcentre', json_build_object(
                'id', j.id, 'name', j.name, 'municipalityCode', j.municipality_code))
        FROM caseworkers w
        JOIN jobcentres j ON j.id = w.jobcentre_id
        WHERE w.id = :caseworker_id::uuid AND w.jobcentre_id = :jobcentre_id::uuid),
    'caseload', json_build_object(
        'pageInfo', json_build_object(
            'hasNextPage', (SELECT count(*) FROM page) > 50,
            'endCursor', (
                SELECT rtrim(translate(encode(uuid_send(s.id), 'base64'), '+/', '-_'), '=')
                FROM shown s ORDER BY s.id DESC LIMIT 1)),
        'nodes', coalesce((
            SELECT json_agg(json_build_object(
                'id', s.id, 'givenName', s.given_name, 'familyName', s.family_name,
                'cases', coalesce((
                    SELECT json_agg(json_build_object(
                        'id', k.id, 'contactGroup', k.contact_group_code,
                        'targetGroup', k.target_group_code,
                        'visitationCategory', k.visitation_category,
                        'assignedCaseworkerId', k.assigned_caseworker_id,
                        'openedAt', k.opened_at, 'closedAt', k.closed_at,
                        'deadline', k.deadline, 'version', k.version) ORDER BY k.opened_at DESC)
                    FROM (
                        SELECT * FROM cases k
                        WHERE k.citizen_id = s.id AND k.jobcentre_id = :jobcentre_id::uuid
                        ORDER BY k.opened_at DESC
                        LIMIT 20) k), '[]'::json)) ORDER BY s.id)
            FROM shown s), '[]'::json))));
