CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"event_seq" bigint NOT NULL,
	"event_type" text NOT NULL,
	"case_id" bigint,
	"channel" text NOT NULL,
	"batch_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"dead_after" integer NOT NULL,
	"last_error" text,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_feed_failures" (
	"source" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" text,
	"policy_name" text,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"secret" text,
	"events" jsonb NOT NULL,
	"min_priority" text,
	"products" jsonb,
	"digest" text DEFAULT 'none' NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"time_zone" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_event_sub_uq" ON "alert_deliveries" USING btree ("event_id","subscription_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries" USING btree ("due_at") WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "alert_deliveries_case_idx" ON "alert_deliveries" USING btree ("subscription_id","case_id","event_seq");--> statement-breakpoint
CREATE INDEX "alert_deliveries_batch_idx" ON "alert_deliveries" USING btree ("batch_key");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_feed_failures_uq" ON "alert_feed_failures" USING btree ("source","since");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_subscriptions_policy_uq" ON "alert_subscriptions" USING btree ("policy_name");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_team_idx" ON "alert_subscriptions" USING btree ("team_id");