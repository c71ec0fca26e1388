"""Mission catalogue: mission types, their work programme (task templates) and billing mode."""
