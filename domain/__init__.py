"""EEXPI business logic. Pure: no Streamlit, no SQLAlchemy, no I/O (see DESIGN.md)."""
