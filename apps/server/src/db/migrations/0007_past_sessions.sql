CREATE TABLE "past_sessions" (
	"user_low" uuid NOT NULL,
	"user_high" uuid NOT NULL,
	"last_session_at" timestamp with time zone NOT NULL,
	CONSTRAINT "past_sessions_user_low_user_high_pk" PRIMARY KEY("user_low","user_high")
);
--> statement-breakpoint
ALTER TABLE "past_sessions" ADD CONSTRAINT "past_sessions_user_low_users_id_fk" FOREIGN KEY ("user_low") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "past_sessions" ADD CONSTRAINT "past_sessions_user_high_users_id_fk" FOREIGN KEY ("user_high") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "past_sessions_high_idx" ON "past_sessions" USING btree ("user_high");--> statement-breakpoint
CREATE INDEX "past_sessions_last_idx" ON "past_sessions" USING btree ("last_session_at");--> statement-breakpoint
-- Listening chats still inside their 24 hours count as past sessions.
INSERT INTO "past_sessions" ("user_low", "user_high", "last_session_at")
SELECT least(a."user_id", b."user_id"), greatest(a."user_id", b."user_id"), max(c."started_at")
FROM "conversations" c
JOIN "conversation_members" a ON a."conversation_id" = c."id"
JOIN "conversation_members" b ON b."conversation_id" = c."id" AND a."user_id" < b."user_id"
WHERE c."kind" = 'listening'
GROUP BY 1, 2
ON CONFLICT DO NOTHING;
