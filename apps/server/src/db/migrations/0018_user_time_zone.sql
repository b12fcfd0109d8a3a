-- Each user's IANA time zone; null until chosen (the web then uses the browser's zone).
ALTER TABLE "users" ADD COLUMN "time_zone" text;
