/**
 * Names of the regions the portal offers in its region switcher (GB/T 2260). The API filters by
 * any admdvs in the user's scope; this list only labels the common ones. Unknown codes show as codes.
 */
export const REGION_NAMES: Record<string, { zh: string; en: string }> = {
  '430000': { zh: '湖南省', en: 'Hunan' },
  '430100': { zh: '长沙市', en: 'Changsha' },
  '430102': { zh: '芙蓉区', en: 'Furong' },
  '430103': { zh: '天心区', en: 'Tianxin' },
  '430104': { zh: '岳麓区', en: 'Yuelu' },
  '430105': { zh: '开福区', en: 'Kaifu' },
  '430111': { zh: '雨花区', en: 'Yuhua' },
  '430112': { zh: '望城区', en: 'Wangcheng' },
  '430121': { zh: '长沙县', en: 'Changsha County' },
  '430181': { zh: '浏阳市', en: 'Liuyang' },
  '430182': { zh: '宁乡市', en: 'Ningxiang' },
  '430200': { zh: '株洲市', en: 'Zhuzhou' },
  '430300': { zh: '湘潭市', en: 'Xiangtan' },
  '430400': { zh: '衡阳市', en: 'Hengyang' },
  '430500': { zh: '邵阳市', en: 'Shaoyang' },
  '430600': { zh: '岳阳市', en: 'Yueyang' },
  '430700': { zh: '常德市', en: 'Changde' },
  '430800': { zh: '张家界市', en: 'Zhangjiajie' },
  '430900': { zh: '益阳市', en: 'Yiyang' },
  '431000': { zh: '郴州市', en: 'Chenzhou' },
  '431100': { zh: '永州市', en: 'Yongzhou' },
  '431200': { zh: '怀化市', en: 'Huaihua' },
  '431300': { zh: '娄底市', en: 'Loudi' },
  '433100': { zh: '湘西土家族苗族自治州', en: 'Xiangxi' },
};

export function regionName(code: string, lang: 'zh-CN' | 'en'): string {
  const n = REGION_NAMES[code];
  return n ? `${lang === 'en' ? n.en : n.zh} ${code}` : code;
}

/** Level of a 6-digit admdvs: province `xx0000`, city `xxxx00`, else county. */
export function levelOf(code: string): 'province' | 'city' | 'county' {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The known regions directly below `scope` (cities of a province, counties of a city). */
export function childrenOf(scope: string): string[] {
  const level = levelOf(scope);
  if (level === 'county') return [];
  const prefix = level === 'province' ? scope.slice(0, 2) : scope.slice(0, 4);
  return Object.keys(REGION_NAMES).filter(
    (c) => c !== scope && c.startsWith(prefix) && (level === 'province' ? levelOf(c) === 'city' : levelOf(c) === 'county'),
  );
}

/** The pooling regions (cities) of a scope: its own city (a county's too), or a province's cities. */
export function citiesOf(scope: string): string[] {
  const level = levelOf(scope);
  if (level === 'city') return [scope];
  if (level === 'province') return childrenOf(scope);
  return [`${scope.slice(0, 4)}00`];
}
