"""Periodic jobs (match alerts, idle reminders, mail delivery) and their last-run state."""
