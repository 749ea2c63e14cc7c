/** DI token of the `ConfigStore` that holds the current snapshot. */
export const CONFIG_STORE = Symbol('CONFIG_CENTER_STORE');

export const CONFIG_SECTION_METADATA = 'config-center:section';
export const CONFIG_VALUE_METADATA = 'config-center:value';
export const SECRET_FIELDS_METADATA = 'config-center:secret-fields';
export const ON_CONFIG_CHANGE_METADATA = 'config-center:on-change';
