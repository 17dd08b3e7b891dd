import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { STATION_STATUS_LABELS, STATION_TYPE_LABELS, type StationStatus } from '@nuanxin/shared/stations/constants';
import type { StaffStationPage } from '@nuanxin/shared/stations/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { ROUTES } from '../../../../routes';
import { stationsAdminApi } from '../../../../services/imports';
import '../../../../styles/staff.css';
import '../../../../styles/admin.css';
import './index.css';

type Item = StaffStationPage['items'][number];

/** One station in the list: tap 修改 to edit name/address, 停用/恢复开放 with a note. */
function StationCard({ item, onSaved }: { item: Item; onSaved: (next: Item) => void }) {
  const save = useAction();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(item.name);
  const [address, setAddress] = useState(item.address);
  const [note, setNote] = useState('');

  async function submit() {
    await save.run(async () => {
      const s = await stationsAdminApi.update(item.id, { name: name.trim(), address: address.trim() });
      onSaved({ ...item, name: s.name, address: s.address, updatedAt: s.updatedAt });
      setEditing(false);
    }, '保存失败，请重试');
  }
  async function toggle() {
    const next: StationStatus = item.status === 'open' ? 'closed' : 'open';
    await save.run(async () => {
      const s = await stationsAdminApi.setStatus(item.id, next, next === 'closed' ? note.trim() || '停用' : undefined);
      onSaved({ ...item, status: s.status, statusNote: s.statusNote, updatedAt: s.updatedAt });
      setNote('');
    }, '操作失败，请重试');
  }

  return (
    <View className="nx-card nx-station-admin">
      <View className="nx-admin__row">
        <View className="nx-admin__main">
          <Text className="nx-card__title">
            {item.name}
            {item.status === 'closed' ? <Text className="nx-admin__off">{STATION_STATUS_LABELS.closed}</Text> : null}
          </Text>
          <Text className="nx-card__text">
            {STATION_TYPE_LABELS[item.type]} · {item.streetName ?? '未划入街道'} · {item.externalId ?? ''}
          </Text>
          <Text className="nx-card__text">{item.address || '（未填地址）'}</Text>
          {item.statusNote ? <Text className="nx-card__text">说明：{item.statusNote}</Text> : null}
        </View>
      </View>
      {save.notice()}
      {editing ? (
        <View className="nx-station-admin__form">
          <Text className="nx-card__text">名称</Text>
          <Input
            className="nx-form__input nx-station-admin__name"
            value={name}
            maxlength={80}
            onInput={(e) => setName(e.detail.value)}
          />
          <Text className="nx-card__text">地址</Text>
          <Input
            className="nx-form__input nx-station-admin__address"
            value={address}
            maxlength={200}
            onInput={(e) => setAddress(e.detail.value)}
          />
          <View className="nx-admin__actions">
            <Button
              className="nx-button nx-button--primary nx-station-admin__save"
              disabled={save.running || !name.trim() || undefined}
              onClick={() => void submit()}
            >
              保存
            </Button>
            <Button className="nx-button nx-button--secondary" onClick={() => setEditing(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <View>
          {item.status === 'open' ? (
            <Input
              className="nx-form__input nx-station-admin__note"
              value={note}
              maxlength={200}
              placeholder="停用说明（可选）"
              onInput={(e) => setNote(e.detail.value)}
            />
          ) : null}
          <View className="nx-admin__actions">
            <Button className="nx-button nx-button--secondary nx-station-admin__edit" onClick={() => setEditing(true)}>
              修改
            </Button>
            <Button
              className={`nx-button ${item.status === 'open' ? 'nx-button--danger' : 'nx-button--secondary'} nx-station-admin__toggle`}
              disabled={save.running || undefined}
              onClick={() => void toggle()}
            >
              {item.status === 'open' ? '停用' : '恢复开放'}
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

/** 驿站管理: search the stations in one's scope, edit, close (停用) or reopen; bulk upload. */
export default function StationsManagePage() {
  const task = useAction();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<StationStatus | ''>('');
  const [page, setPage] = useState<StaffStationPage | null>(null);

  const load = (query = q, s = status, offset = 0) =>
    task.run(async () => {
      const next = await stationsAdminApi.search(query, s, offset);
      setPage(offset === 0 || !page ? next : { total: next.total, items: [...page.items, ...next.items] });
    }, '加载失败，请重试');
  useDidShow(() => void load());

  return (
    <PageShell title="驿站管理" className="nx-stations-manage">
      <Text className="nx-title">驿站管理</Text>
      <Button
        className="nx-button nx-button--secondary nx-stations-manage__upload"
        onClick={() => void Taro.navigateTo({ url: ROUTES.staffImportStations })}
      >
        批量上传（CSV / Excel / GeoJSON）
      </Button>
      <View className="nx-stations-manage__search">
        <Input
          className="nx-form__input nx-stations-manage__q"
          value={q}
          maxlength={50}
          placeholder="名称、地址或编号"
          confirmType="search"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => void load()}
        />
        <Button className="nx-button nx-button--primary nx-stations-manage__find" onClick={() => void load()}>
          查找
        </Button>
      </View>
      <View className="nx-tabs">
        {(['', 'open', 'closed'] as const).map((s) => (
          <View
            key={s || 'all'}
            className={`nx-tabs__tab${status === s ? ' nx-tabs__tab--active' : ''}`}
            onClick={() => {
              setStatus(s);
              void load(q, s);
            }}
          >
            <Text>{s === '' ? '全部' : STATION_STATUS_LABELS[s]}</Text>
          </View>
        ))}
      </View>
      {task.notice(() => void load())}
      {page ? <Text className="nx-card__text">共 {page.total} 个驿站</Text> : null}
      {page?.items.map((item) => (
        <StationCard
          key={item.id}
          item={item}
          onSaved={(next) => setPage({ ...page, items: page.items.map((i) => (i.id === next.id ? next : i)) })}
        />
      ))}
      {page && page.items.length < page.total ? (
        <Button
          className="nx-button nx-button--secondary"
          disabled={task.running || undefined}
          onClick={() => void load(q, status, page.items.length)}
        >
          加载更多
        </Button>
      ) : null}
    </PageShell>
  );
}
