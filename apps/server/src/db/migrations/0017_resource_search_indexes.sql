-- The search indexes keep no pending list: on the embedded database no autovacuum would merge it,
-- and every search would scan it.
DROP INDEX "resource_words_trgm_idx";--> statement-breakpoint
DROP INDEX "resources_search_idx";--> statement-breakpoint
CREATE INDEX "resource_words_trgm_idx" ON "resource_words" USING gin ("word" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "resources_search_idx" ON "resources" USING gin ("search_vector") WITH (fastupdate=false);