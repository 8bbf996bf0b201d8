"""Curation: bring a new article into the atlas.

The stage between the model and the renderers, renderer-free. It reads an
article (plain text, Markdown or HTML) into passages with the same parser as
``seeds/``, proposes which atlas features each passage supports (ranked, with
the clause to quote and why), finds the places the atlas lacks in the offline
gazetteer (locations with their accuracy, never facts; ambiguous names keep
every candidate), measures the proposals against the curated article, and
writes what a curator accepted into ``seeds/`` and ``geodata/``.

===================  ===============================================================
``article``          read txt/md/html (bounded) into text blocks, then into a ``Source``
``lexicon``          corridor aliases, country names and demonyms, kind words
``matching``         words, stems, sentences; names found in a passage by ``name_key``
``profiles``         what is known of each feature without its descriptions and quotes
``geography``        places near features; the segments of a route between two places
``evidence``         evidence, scores, and context borrowed from neighbouring paragraphs
``scoring``          the evidence for each (passage, feature): names, corridors, places, paths
``places``           place mentions; gazetteer candidates for places the atlas lacks
``suggest``          ranked suggestions for a whole article, as data and as JSON
``evaluate``         the measured quality on the shipped article (``suggest-eval``)
``accept``           the ``SUGGESTIONS.json`` format: read, check, what was accepted
``writer``           ``add-source``: the one writer of ``seeds/`` and ``geodata/``
``command``          the CLI commands ``suggest``, ``suggest-eval`` and ``add-source``
===================  ===============================================================

Only ``writer`` writes files, and only when the CLI's ``add-source`` asks it to.
"""
