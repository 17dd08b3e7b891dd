ALTER TABLE "point_transfers" DROP CONSTRAINT "point_transfers_reason_check";--> statement-breakpoint
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_reason_check" CHECK ("point_transfers"."reason" in ('report_accepted','staff_grant','voucher_hold','voucher_used','voucher_cancelled','voucher_expired','points_expired','reversal','account_deleted','activity_attended','task_completed','suggestion_adopted'));--> statement-breakpoint
-- Rules for the community job's events (activities, 随手帮 tasks, suggestions). Points per event
-- (for a task: the most a poster may offer); a district admin may set its own numbers.
INSERT INTO "earning_rules" ("code", "label", "points", "daily_cap", "monthly_cap") VALUES
  ('activity_attended', '参加活动签到', 5, 10, 100),
  ('task_completed', '随手帮任务完成', 20, 40, 200),
  ('suggestion_adopted', '骑思妙想建议被采纳', 10, 10, 50);
