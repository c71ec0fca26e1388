"""Time entry: weekly timesheets, the running timer, approval and budget consumption."""
