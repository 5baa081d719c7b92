"""Tréso — pilotage de trésorerie pour TPE/PME françaises."""
