"""Stage 5, export: one entry point that writes the selected atlas as HTML, a print map or a data
file (GeoJSON, GeoPackage, KML, CSV); the renderers themselves live in web/ and printmap/.
"""

from corridors.export.dispatch import DATA_FORMATS, FORMATS, STATIC_FORMATS, embed_snippet, export, map_html

__all__ = ["DATA_FORMATS", "FORMATS", "STATIC_FORMATS", "embed_snippet", "export", "map_html"]
