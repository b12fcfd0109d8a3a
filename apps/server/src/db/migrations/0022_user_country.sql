-- Each user's country (ISO 3166-1 alpha-2), chosen by them; null: the web uses the browser's
-- locale. Only used to name a help line in their country: never looked up from the IP address.
ALTER TABLE "users" ADD COLUMN "country" text;
