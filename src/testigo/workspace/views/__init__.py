"""Views of the private workspace, one module per record type. Views parse input, call one
service or ``access_*`` helper, and render; they never query documentation models directly."""
