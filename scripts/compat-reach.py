import re,glob,os
rules=[
 (r'deploy_app|git push|GIT_REMOTE|nodejs-express|dockerfile-procfile', 'internet: builds one of Dokku\'s sample apps (tests/apps), whose images come from Docker Hub'),
 (r'github\.com|heroku-buildpack|hub\.docker|docker\.io|registry:login|DOCKERHUB|ghcr\.io|install_pack|install_nixpacks|pack |paketo|--image .*:|docker pull|docker image pull|smoke-test-app|TEST_PLUGIN_GIT_REPO|clone_test_plugin', 'internet: GitHub, Docker Hub or the pack CLI'),
 (r'plugin:trigger|run_plugn_trigger|run_plugin_script|PLUGIN_(CORE_)?AVAILABLE_PATH|PLUGIN_ENABLED_PATH|plugin:install|plugin:', 'Dokku internals: plugin triggers and functions'),
 (r'DOKKU_LIB_ROOT|/var/lib/dokku|DOKKU_ROOT|/home/dokku|chown dokku|nginx|vector|CONTAINER\.web|\.web\.1|docker-options-2|dokku-event', 'Dokku internals: files under /home/dokku or /var/lib/dokku, nginx, vector, or its container names'),
]
out=['# file\ttest (or *)\treason — Dokku unit tests berth cannot pass here: generated from what each test touches, then reviewed']
for f in sorted(glob.glob('test/dokku-compat/*.bats')):
    name=os.path.basename(f)[:-5]
    text=open(f).read()
    # setup body
    m=re.search(r'^setup\(\) \{\n(.*?)^\}', text, re.S|re.M)
    setup=m.group(1) if m else ''
    helpers={}
    for hm in re.finditer(r'^([a-z_0-9]+)\(\) \{\n(.*?)^\}', text, re.S|re.M):
        helpers[hm.group(1)]=hm.group(2)
    def reason_of(body):
        # include helper bodies called
        full=body+''.join(v for k,v in helpers.items() if k not in ('setup','teardown') and re.search(r'\b'+k+r'\b', body))
        for pat,why in rules:
            if re.search(pat, full): return why
        return None
    sr=None
    if re.search(r'chown dokku', setup): sr='Dokku internals: the dokku system user owns files the setup makes'
    elif re.search(r'nginx:stop', setup): sr='Dokku internals: the setup stops nginx (berth has no nginx; haproxy is its router)'
    elif re.search(r'github\.com|TEST_PLUGIN|smoke-test', setup): sr='internet: GitHub'
    elif re.search(r'deploy_app', setup): sr='internet: builds one of Dokku\'s sample apps (tests/apps), whose images come from Docker Hub'
    if sr:
        out.append(f'{name}\t*\t{sr} (in the file\'s setup)'); continue
    for tm in re.finditer(r'^@test "(.*?)" \{\n(.*?)^\}', text, re.S|re.M):
        r=reason_of(tm.group(2))
        if r: out.append(f'{name}\t{tm.group(1)}\t{r}')
open('test/dokku-compat/out-of-reach.tsv','w').write('\n'.join(out)+'\n')
print(len(out)-1)
