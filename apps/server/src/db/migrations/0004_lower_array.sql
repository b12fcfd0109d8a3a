-- Lower-cases every element of a text array. IMMUTABLE, so generated columns and indexes may use it.
CREATE OR REPLACE FUNCTION lower_array(text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(lower(x)), '{}'::text[]) FROM unnest($1) AS x $$;
