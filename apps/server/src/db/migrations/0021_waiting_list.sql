CREATE TABLE "waiting_list" (
	"sharer_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"topic" text,
	"joined_at" timestamp with time zone NOT NULL,
	"place" bigserial NOT NULL,
	"session_id" uuid,
	"asked_until" timestamp with time zone,
	"passed_over" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"away_since" timestamp with time zone,
	"notified_at" timestamp with time zone
);--> statement-breakpoint
CREATE INDEX "waiting_list_line_idx" ON "waiting_list" ("place") WHERE "session_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "waiting_list_session_idx" ON "waiting_list" ("session_id");--> statement-breakpoint
ALTER TABLE "match_preferences" ALTER COLUMN "avoid_previous_matches" SET DEFAULT false;
