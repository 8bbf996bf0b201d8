"""The atlas data as installed package data: ``geodata/`` and ``seeds/`` of the repository are mapped
here when a wheel is built (pyproject.toml), so an installed ``corridors`` finds its atlas anywhere.

Empty in a source checkout, where ``corridors.data.paths.bundled_data_dir()`` uses the repository.
"""
