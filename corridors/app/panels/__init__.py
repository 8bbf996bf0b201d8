"""The explorer's panels, one module each: every one has ``show(...)``, called by ``app.py``.

A panel draws from the atlas and the ``Session``; what its buttons do is in ``corridors.app.actions``.
"""
