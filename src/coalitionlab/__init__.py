"""coalitionlab: quantitative research on U.S. military coalitions and alliances.

Layers (each imports only the layers above it): catalog -> panels -> interventions -> models ->
findings / forecast -> report / web / cli. See DESIGN.md.
"""

__version__ = "0.1.0"
