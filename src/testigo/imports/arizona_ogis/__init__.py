"""Arizona OpenGIS Initiative for Deceased Migrants (Humane Borders / Pima County OME)."""
