package ui

import "wsstudio/project"

// maskValue hides the value of a secret parameter or header, by the
// project's one rule of what is secret.
func maskValue(name, value string) string { return project.MaskValue(name, value) }
