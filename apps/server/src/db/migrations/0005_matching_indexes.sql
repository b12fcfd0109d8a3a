ALTER TABLE "users" ADD COLUMN "topics_lc" text[] GENERATED ALWAYS AS (lower_array(listener_topics)) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "interests_lc" text[] GENERATED ALWAYS AS (lower_array(interests)) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "languages_lc" text[] GENERATED ALWAYS AS (lower_array(languages)) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "static_score" double precision GENERATED ALWAYS AS (coalesce((listener_rating - 3) * 10, 0) + least(listener_total_chats / 10.0, 20)) STORED;--> statement-breakpoint
CREATE INDEX "users_topics_lc_idx" ON "users" USING gin ("topics_lc");--> statement-breakpoint
CREATE INDEX "users_interests_lc_idx" ON "users" USING gin ("interests_lc");--> statement-breakpoint
CREATE INDEX "users_languages_lc_idx" ON "users" USING gin ("languages_lc");--> statement-breakpoint
CREATE INDEX "users_available_static_score_idx" ON "users" USING btree ("static_score" DESC NULLS LAST) WHERE listener_availability = 'available' and is_active;