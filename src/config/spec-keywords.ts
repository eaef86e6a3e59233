/**
 * Airbyte's spec annotations. They carry UI and redaction hints, not
 * validation rules, so the validator registers them as annotations.
 */
export const AIRBYTE_SPEC_KEYWORDS = ['airbyte_secret', 'order', 'multiline', 'always_show', 'group', 'airbyte_hidden'] as const;
