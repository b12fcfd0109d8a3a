CREATE TABLE "availability_samples" (
	"sampled_at" timestamp with time zone PRIMARY KEY NOT NULL,
	"available" integer NOT NULL,
	"in_chat" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"topic" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "session_log_started_idx" ON "session_log" USING btree ("started_at");--> statement-breakpoint
INSERT INTO "session_log" ("id", "topic", "started_at", "ended_at", "status")
SELECT "id", "topic", "started_at", "ended_at", "status" FROM "conversations" WHERE "kind" = 'listening'
ON CONFLICT DO NOTHING;
