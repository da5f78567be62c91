export { dataDesignerHome, managedAssetsPath, managedPersonDatasetsPath, type EnvironmentVariables } from './data-designer-home.js';
