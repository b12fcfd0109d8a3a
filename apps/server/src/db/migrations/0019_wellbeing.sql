CREATE TABLE "wellbeing_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid REFERENCES "conversations"("id") ON DELETE SET NULL,
	"message_id" uuid REFERENCES "messages"("id") ON DELETE SET NULL,
	"user_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"raised_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"source" text NOT NULL,
	"severity" integer NOT NULL,
	"category" text NOT NULL,
	"rule" text,
	"flagged_text" text,
	"state" text DEFAULT 'open' NOT NULL,
	"acknowledged_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"acknowledged_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wellbeing_items_queue_idx" ON "wellbeing_items" USING btree ("state","severity","created_at");
--> statement-breakpoint
CREATE INDEX "wellbeing_items_conversation_idx" ON "wellbeing_items" USING btree ("conversation_id");
--> statement-breakpoint
CREATE TABLE "wellbeing_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL REFERENCES "wellbeing_items"("id") ON DELETE CASCADE,
	"admin_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wellbeing_actions_item_idx" ON "wellbeing_actions" USING btree ("item_id","created_at");
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "listener_paused_until" timestamp with time zone;
