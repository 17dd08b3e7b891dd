import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { StaffRoom } from '@nuanxin/shared/housing/schemas';
import {
  BED_STATUS_LABELS,
  ROOM_GENDER_LABELS,
  ROOM_GENDERS,
  type RoomGender,
} from '@nuanxin/shared/housing/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { housingApi } from '../../../../services/housing';
import { useSession } from '../../../../services/session';
import { ROUTES } from '../../../../routes';
import '../../../../styles/staff.css';
import '../../housing.css';

/** An operator's apartments: rooms and beds (price, open or closed), add a room or a bed. */
export default function HousingBedsPage() {
  const { user } = useSession();
  const { params } = Taro.useRouter();
  const [apartments, setApartments] = useState<{ id: string; name: string }[]>(user?.scope.apartments ?? []);
  const [apartmentId, setApartmentId] = useState<string | null>(params.apartmentId ?? apartments[0]?.id ?? null);
  /** The room being edited, with its draft name, floor and gender. */
  const [editing, setEditing] = useState<{ id: string; name: string; floor: string; gender: RoomGender } | null>(null);
  const [rooms, setRooms] = useState<StaffRoom[] | null>(null);
  const [roomName, setRoomName] = useState('');
  const [roomGender, setRoomGender] = useState<RoomGender>('male');
  const [bedFor, setBedFor] = useState<string | null>(null);
  const [bedCode, setBedCode] = useState('');
  const [bedPrice, setBedPrice] = useState('');
  const action = useAction();

  // A district admin has no apartment scope: its apartments come from the figures.
  useEffect(() => {
    if (apartments.length > 0) return;
    void action.run(async () => {
      const f = await housingApi.figures();
      const list = f.apartments.map((a) => ({ id: a.apartmentId, name: a.name }));
      setApartments(list);
      setApartmentId((current) => current ?? list[0]?.id ?? null);
    });
  }, []);

  const load = useCallback(async () => {
    if (!apartmentId) return;
    await action.run(async () => setRooms((await housingApi.rooms(apartmentId)).items), '加载失败，请重试');
  }, [apartmentId, action.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const write = async (fn: () => Promise<{ items: StaffRoom[] }>) => {
    await action.run(async () => setRooms((await fn()).items));
  };

  return (
    <PageShell title="房间与床位" className="nx-housing nx-housing-beds">
      {apartments.length > 1 ? (
        <View className="nx-chips">
          {apartments.map((a) => (
            <View
              key={a.id}
              className={`nx-chip${apartmentId === a.id ? ' nx-chip--selected' : ''}`}
              onClick={() => setApartmentId(a.id)}
            >
              <Text>{a.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {action.notice(() => void load())}
      {apartmentId ? (
        <Button
          className="nx-button nx-button--secondary nx-housing__apartment-info"
          onClick={() => void Taro.navigateTo({ url: `${ROUTES.staffHousingApartment}?id=${apartmentId}` })}
        >
          公寓信息（地址、规则、设施）
        </Button>
      ) : null}
      {user?.role === 'district_admin' ? (
        <Button
          className="nx-button nx-button--secondary nx-housing__apartment-new"
          onClick={() => void Taro.navigateTo({ url: ROUTES.staffHousingApartment })}
        >
          新建暖新公寓
        </Button>
      ) : null}
      {apartments.length === 0 && !action.running ? <Notice tone="info" message="还没有负责的公寓" /> : null}
      {rooms?.map((r) => (
        <View key={r.id} className="nx-card nx-housing__room">
          <Text className="nx-card__title">
            {r.name}（{ROOM_GENDER_LABELS[r.gender]}）
          </Text>
          {editing?.id === r.id ? (
            <View className="nx-housing__room-edit">
              <Input
                className="nx-form__input nx-housing__room-name"
                placeholder="房间名"
                value={editing.name}
                onInput={(e) => setEditing({ ...editing, name: e.detail.value })}
              />
              <Input
                className="nx-form__input nx-housing__room-floor"
                type="number"
                placeholder="楼层（可不填）"
                value={editing.floor}
                onInput={(e) => setEditing({ ...editing, floor: e.detail.value })}
              />
              <View className="nx-chips">
                {ROOM_GENDERS.map((g) => (
                  <View
                    key={g}
                    className={`nx-chip${editing.gender === g ? ' nx-chip--selected' : ''}`}
                    onClick={() => setEditing({ ...editing, gender: g })}
                  >
                    <Text>{ROOM_GENDER_LABELS[g]}</Text>
                  </View>
                ))}
              </View>
              <View className="nx-housing__room-actions">
                <Button
                  className="nx-button nx-button--primary nx-housing__room-save"
                  size="mini"
                  disabled={action.running || undefined}
                  onClick={() => {
                    const floor = editing.floor.trim();
                    if (!editing.name.trim()) return action.fail('请填写房间名');
                    if (floor && !/^-?\d{1,3}$/.test(floor)) return action.fail('楼层请填整数，如 3');
                    void write(() =>
                      housingApi.updateRoom(r.id, {
                        name: editing.name.trim(),
                        floor: floor ? Number(floor) : null,
                        gender: editing.gender,
                      }),
                    ).then(() => setEditing(null));
                  }}
                >
                  保存
                </Button>
                <Button className="nx-button nx-button--secondary" size="mini" onClick={() => setEditing(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className="nx-housing__room-actions">
              <Button
                className="nx-button nx-button--secondary nx-housing__room-edit-open"
                size="mini"
                onClick={() =>
                  setEditing({
                    id: r.id,
                    name: r.name,
                    floor: r.floor === null ? '' : String(r.floor),
                    gender: r.gender,
                  })
                }
              >
                修改房间
              </Button>
              <Button
                className="nx-button nx-button--secondary nx-housing__room-delete"
                size="mini"
                disabled={action.running || undefined}
                onClick={() =>
                  void Taro.showModal({
                    title: '删除房间',
                    content: `删除“${r.name}”及其 ${r.beds.length} 张床位？有过分配或入住记录的房间不能删除。`,
                  }).then((res) => {
                    if (res.confirm) void write(() => housingApi.deleteRoom(r.id));
                  })
                }
              >
                删除房间
              </Button>
            </View>
          )}
          {r.beds.map((b) => (
            <View key={b.id} className="nx-housing__bed">
              <Text>
                {b.code}床 · ¥{b.monthlyPrice}/月 · {BED_STATUS_LABELS[b.status]}
                {b.holder ? ` · ${b.holder.name}${b.holder.state}（至 ${b.holder.until}）` : ' · 空闲'}
              </Text>
              <Button
                className="nx-button nx-button--secondary"
                size="mini"
                disabled={action.running || undefined}
                onClick={() =>
                  void write(() => housingApi.updateBed(b.id, { status: b.status === 'active' ? 'closed' : 'active' }))
                }
              >
                {b.status === 'active' ? '停用' : '启用'}
              </Button>
            </View>
          ))}
          {bedFor === r.id ? (
            <View>
              <Input
                className="nx-form__input"
                placeholder="床位编号，如 A"
                value={bedCode}
                onInput={(e) => setBedCode(e.detail.value)}
              />
              <Input
                className="nx-form__input"
                type="number"
                placeholder="月租（元）"
                value={bedPrice}
                onInput={(e) => setBedPrice(e.detail.value)}
              />
              <Button
                className="nx-button nx-button--primary"
                disabled={action.running || undefined}
                onClick={() =>
                  void write(() =>
                    housingApi.addBed(r.id, { code: bedCode.trim(), monthlyPrice: Number(bedPrice) }),
                  ).then(() => {
                    setBedCode('');
                    setBedPrice('');
                  })
                }
              >
                保存床位
              </Button>
            </View>
          ) : (
            <Button className="nx-button nx-button--secondary" onClick={() => setBedFor(r.id)}>
              添加床位
            </Button>
          )}
        </View>
      ))}
      {apartmentId ? (
        <View className="nx-card">
          <Text className="nx-card__title">添加房间</Text>
          <Input
            className="nx-form__input"
            placeholder="房间名，如 2层 202"
            value={roomName}
            onInput={(e) => setRoomName(e.detail.value)}
          />
          <View className="nx-chips">
            {ROOM_GENDERS.map((g) => (
              <View
                key={g}
                className={`nx-chip${roomGender === g ? ' nx-chip--selected' : ''}`}
                onClick={() => setRoomGender(g)}
              >
                <Text>{ROOM_GENDER_LABELS[g]}</Text>
              </View>
            ))}
          </View>
          <Button
            className="nx-button nx-button--primary"
            disabled={action.running || undefined}
            onClick={() =>
              void write(() => housingApi.addRoom(apartmentId, { name: roomName.trim(), gender: roomGender })).then(
                () => setRoomName(''),
              )
            }
          >
            保存房间
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
