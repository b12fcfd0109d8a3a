-- Trigram matching for the search's typo-tolerant fallback (a trusted extension: the database
-- owner may create it; PGlite loads it as a bundled extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "resource_daily_stats" (
	"resource_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"downloads" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "resource_daily_stats_resource_id_day_pk" PRIMARY KEY("resource_id","day")
);
--> statement-breakpoint
CREATE TABLE "resource_opens" (
	"resource_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "resource_opens_resource_id_user_id_day_kind_pk" PRIMARY KEY("resource_id","user_id","day","kind")
);
--> statement-breakpoint
CREATE TABLE "resource_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text,
	"plain_body" text DEFAULT '' NOT NULL,
	"url" text,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"search_config" text DEFAULT 'simple' NOT NULL,
	"search_vector" "tsvector",
	"author_id" uuid,
	"by_team" boolean DEFAULT false NOT NULL,
	"featured" boolean DEFAULT false NOT NULL,
	"rejection_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"file_storage_name" text,
	"file_mime_type" text,
	"file_size_bytes" bigint,
	"file_name" text,
	"duration_seconds" integer,
	"pages" integer,
	"view_count" integer DEFAULT 0 NOT NULL,
	"download_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "ref_id" uuid;--> statement-breakpoint
ALTER TABLE "resource_daily_stats" ADD CONSTRAINT "resource_daily_stats_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_opens" ADD CONSTRAINT "resource_opens_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_opens" ADD CONSTRAINT "resource_opens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_opens_user_idx" ON "resource_opens" USING btree ("user_id","resource_id");--> statement-breakpoint
CREATE INDEX "resource_words_trgm_idx" ON "resource_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "resources_search_idx" ON "resources" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "resources_topics_idx" ON "resources" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "resources_published_idx" ON "resources" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status = 'published' and deleted_at is null;--> statement-breakpoint
CREATE INDEX "resources_popular_idx" ON "resources" USING btree ("view_count" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status = 'published' and deleted_at is null;--> statement-breakpoint
CREATE INDEX "resources_author_idx" ON "resources" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "resources_review_idx" ON "resources" USING btree ("status","submitted_at") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "resources_deleted_idx" ON "resources" USING btree ("deleted_at") WHERE deleted_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "resources_file_key" ON "resources" USING btree ("file_storage_name") WHERE file_storage_name is not null;--> statement-breakpoint
-- The search document of a resource: title (A), summary and topics (B), body as plain text (C), in
-- its language's configuration; and every word it uses, for the typo-tolerant fallback.
CREATE OR REPLACE FUNCTION resources_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector(NEW.search_config::regconfig,
      coalesce(NEW.summary, '') || ' ' || array_to_string(NEW.topics, ' ')), 'B') ||
    setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.plain_body, '')), 'C');
  INSERT INTO resource_words (word)
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple',
      coalesce(NEW.title, '') || ' ' || coalesce(NEW.summary, '') || ' ' || coalesce(NEW.plain_body, '')))) AS w
    WHERE length(w) BETWEEN 3 AND 40 AND w !~ '[0-9_]'
    ORDER BY w
    ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER resources_search_refresh
  BEFORE INSERT OR UPDATE OF title, summary, plain_body, topics, search_config ON resources
  FOR EACH ROW EXECUTE FUNCTION resources_search_refresh();