/**
 * Entry point for the stock CDKTF CLI (`cdktf synth`, see cdktf.json). `npm run synth` is the faster path and writes
 * the same files. Local state files go to `$TPC_STATE_DIR`, else the working directory (the project root), as with
 * `npm run synth`.
 */
import { App as K8sApp } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { buildPlatform } from './platform';
import { loadConfigOrThrow } from './load';

const tf = new TfApp();
buildPlatform(loadConfigOrThrow(process.env.PLATFORM_CONFIG ?? 'clusters'), { tf, k8s: new K8sApp() });
tf.synth();
