ALTER TABLE "attachments" DROP CONSTRAINT "attachments_conversation_id_conversations_id_fk";
--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "conversation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_uploader_idx" ON "attachments" USING btree ("uploader_id");--> statement-breakpoint
CREATE INDEX "attachments_disposable_idx" ON "attachments" USING btree ("created_at") WHERE sent_at is null or discarded_at is not null or conversation_id is null or uploader_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "users_avatar_file_key" ON "users" USING btree ("avatar_file") WHERE avatar_file is not null;--> statement-breakpoint
UPDATE "attachments" SET "sent_at" = "created_at" WHERE EXISTS (SELECT 1 FROM "messages" m WHERE m."attachment_id" = "attachments"."id");--> statement-breakpoint
UPDATE "attachments" SET "discarded_at" = now() WHERE EXISTS (SELECT 1 FROM "messages" m WHERE m."attachment_id" = "attachments"."id" AND (m."deleted_at" IS NOT NULL OR m."moderation_status" = 'removed'));
