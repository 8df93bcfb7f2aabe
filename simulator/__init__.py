"""Alexa on your desk: play the real skill locally, from the keyboard, a script or a replay."""
