"""HTTP entry points next to Streamlit: sign-in, sign-out, password reset, and the page gate."""
