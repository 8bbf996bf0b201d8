"""Stage 2, model: what a map or a report says about the loaded atlas — the selection, the timeline,
names, cards, tables, measures and credits. Plain data, renderer-free.
"""
