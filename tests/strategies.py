"""Hypothesis strategies shared by the property tests."""

from hypothesis import strategies as st

# Any JSON document (what a browser or a file could send to cp14.api).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=5)
    ),
    max_leaves=15,
)
