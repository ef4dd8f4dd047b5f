// The two parts of @kubernetes/client-node this project uses, behind one module that is imported
// on demand: a static import here lets the bundler keep only these (and what they need).
export { Exec, KubeConfig } from '@kubernetes/client-node';
