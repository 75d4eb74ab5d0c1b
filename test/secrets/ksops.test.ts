import { parse } from 'yaml';
import {
  KSOPS_IMAGE,
  KSOPS_KUSTOMIZE_BUILD_OPTIONS,
  ksopsArgoCdValues,
  renderKsopsGenerator,
  renderKsopsKustomization,
} from '../../lib/secrets/ksops';

describe('KSOPS generator and kustomization', () => {
  test('the generator is the exec KRM function form of the KSOPS README', () => {
    expect(renderKsopsGenerator('ksops-capmox-system-capmox-credentials', ['./capmox-credentials.sops.yaml'])).toBe(
      [
        'apiVersion: viaduct.ai/v1',
        'kind: ksops',
        'metadata:',
        '  name: ksops-capmox-system-capmox-credentials',
        '  annotations:',
        '    config.kubernetes.io/function: |',
        '      exec:',
        '        path: ksops',
        'files:',
        '  - ./capmox-credentials.sops.yaml',
        '',
      ].join('\n'),
    );
  });

  test('the kustomization lists generators sorted, and keeps an empty list (kustomize rejects an empty file)', () => {
    expect(parse(renderKsopsKustomization(['./b.ksops.yaml', './a.ksops.yaml']))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      generators: ['./a.ksops.yaml', './b.ksops.yaml'],
    });
    expect(renderKsopsKustomization([])).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ngenerators: []\n',
    );
  });
});

/** The parts of the values these tests read. */
interface KsopsValues {
  configs: unknown;
  repoServer: {
    env: unknown;
    initContainers: { image: string }[];
    volumes: { secret?: { secretName: string } }[];
    volumeMounts: unknown;
  };
}

describe('ksopsArgoCdValues', () => {
  const values = ksopsArgoCdValues() as unknown as KsopsValues;

  test('enables exec KRM plugins in argocd-cm', () => {
    expect(KSOPS_KUSTOMIZE_BUILD_OPTIONS).toBe('--enable-alpha-plugins --enable-exec');
    expect(values.configs).toEqual({ cm: { 'kustomize.buildOptions': '--enable-alpha-plugins --enable-exec' } });
  });

  test('installs the pinned KSOPS binary with its own install command (the image has no shell)', () => {
    expect(KSOPS_IMAGE).toBe('viaductoss/ksops:v4.5.1');
    expect(values.repoServer.initContainers).toEqual([
      {
        name: 'install-ksops',
        image: 'viaductoss/ksops:v4.5.1',
        command: ['/usr/local/bin/ksops', 'install', '/custom-tools'],
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 999,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          seccompProfile: { type: 'RuntimeDefault' },
          capabilities: { drop: ['ALL'] },
        },
        volumeMounts: [{ name: 'custom-tools', mountPath: '/custom-tools' }],
      },
    ]);
  });

  test('mounts ksops and the optional sops-age key, and points SOPS_AGE_KEY_FILE at it', () => {
    expect(values.repoServer.volumes).toEqual([
      { name: 'custom-tools', emptyDir: {} },
      { name: 'sops-age', secret: { secretName: 'sops-age', optional: true } },
    ]);
    expect(values.repoServer.volumeMounts).toEqual([
      { name: 'custom-tools', mountPath: '/usr/local/bin/ksops', subPath: 'ksops' },
      { name: 'sops-age', mountPath: '/.config/sops/age', readOnly: true },
    ]);
    expect(values.repoServer.env).toEqual([{ name: 'SOPS_AGE_KEY_FILE', value: '/.config/sops/age/keys.txt' }]);
  });

  test('image and key Secret name can be changed', () => {
    const custom = ksopsArgoCdValues({
      image: 'registry.local/ksops:v4.5.1',
      ageKeySecretName: 'age-key',
    }) as unknown as KsopsValues;
    expect(custom.repoServer.initContainers[0].image).toBe('registry.local/ksops:v4.5.1');
    expect(custom.repoServer.volumes[1].secret?.secretName).toBe('age-key');
  });
});
