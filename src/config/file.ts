/** The project's configuration file, in its root folder. */
export const CONFIG_FILE = 'handout.config.yaml';
