"""What every layer may use: findings and levels, YAML files with line numbers and their
problems, the guard against slow regular expressions."""
