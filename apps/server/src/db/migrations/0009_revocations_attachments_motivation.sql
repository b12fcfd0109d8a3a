ALTER TABLE "users" ADD COLUMN "listener_motivation" text;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_attachment_key" ON "messages" USING btree ("attachment_id") WHERE attachment_id is not null;--> statement-breakpoint
CREATE INDEX "users_tokens_revoked_idx" ON "users" USING btree ("tokens_revoked_at") WHERE tokens_revoked_at is not null;